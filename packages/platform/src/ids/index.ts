export * from "./snowflake.js";
