// Used by the type checker only when the optional `electron` package is absent (its binary download fails
// on machines without internet access). With electron installed, its own typings win (tsconfig `paths`).
declare module 'electron' {
  const electron: any;
  export = electron;
}
