import numpy as np, sys
rng=np.random.default_rng(1)
K=38; C=4; N=5000
P=rng.dirichlet(np.ones(C)*3,size=K)  # human pops
def w1(p,q):  # p,q: (...,K,C) -> mean over items normalized W1
    return (np.abs(np.cumsum(p-q,axis=-1)[...,:-1]).sum(-1)/(C-1)).mean(-1)
def draw(probs,n,reps):  # returns (reps,K,C) proportions
    out=np.empty((reps,)+probs.shape)
    for k in range(probs.shape[0]):
        out[:,k,:]=rng.multinomial(n,probs[k],size=reps)/n
    return out
def shift(P,amount):
    Q=P.copy(); Q[:,0]+=amount; Q[:,-1]-=amount; return np.clip(Q,1e-6,None)/np.clip(Q,1e-6,None).sum(1,keepdims=True)
regimes={'floor':P,'slight':shift(P,0.03),'far':shift(P,0.15)}
B=200; R=300
for n in [200,1000,4000]:
  for name,Q in regimes.items():
    # true values
    big=4000
    ph=draw(P,N,big); pm=draw(Q,n,big); pf=draw(P,n,big)
    ED=w1(ph,pm).mean(); F=w1(ph,pf).mean(); Dpop=w1(P[None],Q[None])[0]
    cov={'M1':0,'M2':0,'M3':0}; est=[]
    for r in range(R):
      h=draw(P,N,1)[0]; m=draw(Q,n,1)[0]
      D=w1(h,m)
      hb=draw(h,N,B); mb=draw(m,n,B)
      # floor estimate from observed human: human resample vs n draws from h
      fb=draw(h,n,B); Fh=w1(hb,fb).mean()
      th=D-Fh
      Db=w1(hb,mb); tb=Db-Fh
      lo,hi=np.quantile(tb-tb.mean(),[0.025,0.975])
      cov['M1']+= (th-hi<=ED-F<=th-lo)
      # M2: shrunk model: lambda per item from unbiased delta^2
      d=h-m; var_est=(h*(1-h)/N+m*(1-m)/n).sum(1); d2=(d**2).sum(1)
      lam=np.sqrt(np.clip(1-var_est/np.maximum(d2,1e-12),0,1))
      qt=h+lam[:,None]*(m-h)
      mb2=draw(qt,n,B); Db2=w1(hb,mb2); tb2=Db2-Fh
      lo2,hi2=np.quantile(tb2-tb2.mean(),[0.025,0.975])
      cov['M2']+= (th-hi2<=ED-F<=th-lo2)
      # M3: FS numerical derivative with kappa=sqrt(log n) per cumulative component
      cd=np.cumsum(d,axis=-1)[:,:-1]
      sd=np.sqrt(np.var(np.cumsum(hb-mb,axis=-1)[...,:-1],axis=0))
      zero=np.abs(cd)<=np.sqrt(np.log(n))*sd
      hstar=np.cumsum((hb-h)-(mb-m),axis=-1)[...,:-1]
      deriv=np.where(zero[None],np.abs(hstar),np.sign(cd)[None]*hstar)
      Tb=(deriv.sum(-1)/(C-1)).mean(-1)
      l3,h3=np.quantile(Tb,[0.025,0.975])
      cov['M3']+= (D-h3<=Dpop<=D-l3)
    print(f"n={n:5d} {name:6s} Dpop={Dpop:.4f} ED={ED:.4f} F={F:.4f} excess={ED-F:.4f} | "+" ".join(f"{k} {v/R:.3f}" for k,v in cov.items()),flush=True)
