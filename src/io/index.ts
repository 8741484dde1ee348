import '../ops/index.js'; // installs the Tensor methods for this entry point
export { writeFileAtomic } from './atomic.js';
export {
  saveSafetensors, loadSafetensors, serializeSafetensors, deserializeSafetensors, readSafetensorsHeader,
  MAX_HEADER_SIZE, type SafetensorsSaveOptions, type SafetensorsDType, type SafetensorsHeader, type SafetensorsTensorInfo,
} from './safetensors.js';
export {
  readCsv, parseCsv, parseCsvRows, writeCsv, formatCsv, type ReadCsvOptions, type WriteCsvOptions, type Csv,
} from './csv.js';
