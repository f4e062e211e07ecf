/** Time and ids come in through ports (the platform's Clock and Snowflake fit them), so tests control both. */
export interface Clock {
  now(): Date;
}

export interface Ids {
  next(): string;
}
