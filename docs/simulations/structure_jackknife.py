import numpy as np
rng=np.random.default_rng(3)
J=20; N=5000
L=np.zeros((J,2)); L[:10,0]=rng.uniform(.4,.7,10); L[10:,1]=rng.uniform(.4,.7,10); L[::3,1]+=0.3
L2=rng.uniform(-.5,.6,(J,2))
cuts=np.array([-1,0,1.0])
def sample(Lm,n,indep=False):
    z=rng.standard_normal((n,2)); e=rng.standard_normal((n,J))
    if indep: x=rng.standard_normal((n,J))
    else:
        u=np.sqrt(np.clip(1-(Lm**2).sum(1),0.05,None)); x=z@Lm.T+e*u
        x=x/np.sqrt((Lm**2).sum(1)+u**2)
    return (x[...,None]>cuts).sum(-1).astype(float)
iu=np.triu_indices(J,1)
def tri(X): return np.corrcoef(X,rowvar=False)[iu]
def r(a,b): return np.corrcoef(a,b)[0,1]
G=25; R=300
for n in [200,1000,4000]:
  for name,(Lm,indep) in {'floor':(L,False),'free':(L,True),'far':(L2,False)}.items():
    Er=np.mean([r(tri(sample(L,N)),tri(sample(Lm,n,indep))) for _ in range(400)])
    cover=0
    for _ in range(R):
        H=sample(L,N); M=sample(Lm,n,indep)
        th=r(tri(H),tri(M))
        gh=rng.permutation(N)%G; gm=rng.permutation(n)%G
        reps=np.array([r(tri(H[gh!=g]),tri(M[gm!=g])) for g in range(G)])
        se=np.sqrt((G-1)/G*((reps-reps.mean())**2).sum())
        cover+= abs(th-Er)<=1.96*se
    print(f"n={n} {name:5s} E[r]={Er:.3f} JK{G} normal coverage={cover/R:.3f}",flush=True)
