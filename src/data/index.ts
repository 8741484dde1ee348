// Node-only: bundled datasets read from the package's data/ folder.
export { loadDigits, type TabularDataset } from './digits.js';
