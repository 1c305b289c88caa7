import { BAM } from './bam.js';
import { ECR_R } from './ecr-r.js';
import { GAD_7 } from './gad-7.js';
import type { Instrument, InstrumentCode } from './instrument.js';
import { PHQ_9 } from './phq-9.js';
import { RFQ_8 } from './rfq-8.js';
import { SPS } from './sps.js';

/** Every instrument Attune administers, by the code other tools use. */
export const INSTRUMENTS: Record<InstrumentCode, Instrument> = {
  'ECR-R': ECR_R,
  'RFQ-8': RFQ_8,
  SPS,
  'PHQ-9': PHQ_9,
  'GAD-7': GAD_7,
  BAM,
};
