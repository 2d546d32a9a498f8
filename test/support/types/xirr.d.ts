/** The `xirr` npm package (dev only): the reference the shared XIRR is tested against. */
declare module 'xirr' {
  interface Transaction {
    amount: number;
    when: Date;
  }
  function xirr(transactions: Transaction[], options?: { guess?: number }): number;
  export default xirr;
}
