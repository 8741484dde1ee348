export { loadDigits, type TabularDataset } from './digits.js';
