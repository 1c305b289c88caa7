import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Answers, InstrumentCode, Scores } from '../instruments/instrument.js';

/** One administration of an instrument: the answers as submitted and the scores computed then. */
@Entity()
export class MeasureResponse {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') clientId: string;
  @Column('text') instrument: InstrumentCode;
  @Column('jsonb') answers: Answers;
  @Column('jsonb') scores: Scores;
  @Column('uuid') submittedBy: string;
  @Column('timestamptz') submittedAt: Date;
}
