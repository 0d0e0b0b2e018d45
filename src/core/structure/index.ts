export * from './categoryMatrix';
export * from './pairTables';
export * from './correlationMatrix';
export * from './pearson';
export * from './spearman';
export * from './groupMeanCorrelation';
export * from './compareMatrices';
