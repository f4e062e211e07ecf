import { describeMainPages } from "./main-pages.js";

describeMainPages("phone");
