// How often the exact arithmetic and the fallbacks ran (reported by the oracle comparison and the benchmark).

export const robustnessStats = { pairs: 0, exactPieces: 0, exactLoops: 0, fallbacks: 0, failures: 0 };
