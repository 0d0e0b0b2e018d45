import numpy as np
rng=np.random.default_rng(1)
K=38; C=4; N=5000
P=rng.dirichlet(np.ones(C)*3,size=K)
def w1(p,q): return (np.abs(np.cumsum(p-q,axis=-1)[...,:-1]).sum(-1)/(C-1)).mean(-1)
def shift(P,a):
    Q=P.copy(); Q[:,0]+=a; Q[:,-1]-=a; Q=np.clip(Q,1e-6,None); return Q/Q.sum(1,keepdims=True)
def resp(probs,n):  # respondent-level answers (n,K)
    u=rng.random((n,K,1)); c=np.cumsum(probs,1)[None]; return (u>c).sum(-1)
def props(X,C=C): return np.stack([(X==c).mean(0) for c in range(C)],-1)
G=25; R=300
for n in [200,1000]:
  for name,Q in {'floor':P,'slight':shift(P,0.03),'far':shift(P,0.15)}.items():
    ED=np.mean([w1(props(resp(P,N)),props(resp(Q,n))) for _ in range(1000)])
    cov=0
    for _ in range(R):
        H=resp(P,N); M=resp(Q,n); th=w1(props(H),props(M))
        gh=rng.permutation(N)%G; gm=rng.permutation(n)%G
        reps=np.array([w1(props(H[gh!=g]),props(M[gm!=g])) for g in range(G)])
        se=np.sqrt((G-1)/G*((reps-reps.mean())**2).sum())
        cov+= abs(th-ED)<=1.96*se
    print(f"n={n} {name} JK coverage of E[D]={cov/R:.3f}",flush=True)
