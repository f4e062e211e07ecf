/** Time comes in through a port (the platform's Clock fits it), so tests control the hot-query window. */
export interface Clock {
  now(): Date;
}
