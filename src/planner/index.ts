/**
 * The `dfkit/planner` entry point. This layer is not built yet; the entry point exists so that the
 * package's export map is stable.
 */
export {};
