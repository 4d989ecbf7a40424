export { openWarehouse } from "../config/runtime.ts";
