import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, type Capability } from '@attune/care';
import type { Actor } from '@attune/identity';
import { Clock, DomainEvents, Problem } from '@attune/platform';
import { phq9SafetyConcern } from '../instruments/phq-9.js';
import { INSTRUMENTS } from '../instruments/index.js';
import { INSTRUMENT_CODES, type Answers, type InstrumentCode, type Scores } from '../instruments/instrument.js';
import { scoreResponse } from '../score-response.js';
import { MeasureResponse } from './measure-response.entity.js';

/** What a response looks like to the people who may read it. */
export interface MeasureResponseView {
  id: string;
  instrument: InstrumentCode;
  answers: Answers;
  scores: Scores;
  submittedAt: Date;
}

/** The safety flags a stored response raised (published with `measure.submitted`; never the answers). */
export const SAFETY_FLAGS = ['phq9_item9'] as const;
export type SafetyFlag = (typeof SAFETY_FLAGS)[number];

export function safetyFlags(instrument: InstrumentCode, answers: Answers): SafetyFlag[] {
  return instrument === 'PHQ-9' && phq9SafetyConcern(answers) ? ['phq9_item9'] : [];
}

/**
 * The social instruments (the social map and recovery supports): a peer coach reads these and only
 * these (`measures:read-social`). The others are clinical assessments (`measures:read`).
 */
export const SOCIAL_INSTRUMENTS: readonly InstrumentCode[] = ['SPS', 'BAM'];

/** The capabilities that let an actor read one instrument, widest first. */
export const readCapabilitiesFor = (code: InstrumentCode): [Capability, ...Capability[]] =>
  SOCIAL_INSTRUMENTS.includes(code) ? ['measures:read', 'measures:read-social'] : ['measures:read'];

const isInstrumentCode = (code: string): code is InstrumentCode => (INSTRUMENT_CODES as readonly string[]).includes(code);

/** Storing and listing a client's answers to the outcome measures. Scoring is `scoreResponse`. */
@Injectable()
export class MeasureResponses {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Checks, scores and stores a submission. The answer carries the scores, so a clinical instrument also
   * needs `measures:read`: a peer coach submits the SPS and the BAM only. Nothing is written on refusal.
   */
  async submit(actor: Actor, clientId: string, instrument: string, answers: Record<string, unknown>): Promise<MeasureResponseView> {
    const access = await this.access.require(actor, clientId, 'measures:submit');
    if (isInstrumentCode(instrument) && !SOCIAL_INSTRUMENTS.includes(instrument)) {
      await this.access.require(actor, clientId, 'measures:read', { action: 'measures:submit' });
    }
    const scored = scoreResponse(instrument, answers);
    if (!scored.ok) throw new Problem(422, 'Unprocessable content', scored.errors.map((e) => `${e.field}: ${e.message}`).join('; '), scored.errors);
    const row = this.db.getRepository(MeasureResponse).create({
      organizationId: access.organizationId,
      clientId,
      instrument: scored.instrument,
      answers: scored.answers,
      scores: scored.scores,
      submittedBy: actor.userId,
      submittedAt: this.clock.now(),
    });
    // Published in the insert's transaction: a schedule it satisfies (libs/curriculum) completes with it, and
    // the risk rules' alert (libs/checkins) commits with the response or not at all.
    const followUps = await this.db.transaction(async (tx) => {
      await tx.getRepository(MeasureResponse).insert(row);
      return this.events.publish(tx, 'measure.submitted', {
        organizationId: row.organizationId,
        clientId,
        responseId: row.id,
        instrument: row.instrument,
        flags: safetyFlags(row.instrument, row.answers),
        submittedAt: row.submittedAt.toISOString(),
      });
    });
    await this.events.afterCommit(followUps);
    return view(row);
  }

  /**
   * The client's responses, newest first: every instrument for `measures:read`, the SPS and the BAM for
   * `measures:read-social`. Asking for one instrument the actor may not read is refused (403).
   */
  async list(actor: Actor, clientId: string, instrument?: string): Promise<MeasureResponseView[]> {
    if (instrument !== undefined && !isInstrumentCode(instrument)) throw Problem.invalid('instrument', `must be one of ${INSTRUMENT_CODES.join(', ')}`);
    const capabilities = instrument ? readCapabilitiesFor(instrument) : (['measures:read', 'measures:read-social'] as [Capability, ...Capability[]]);
    const { access, capability } = await this.access.requireAny(actor, clientId, capabilities, { action: 'measures:list' });
    const readable = instrument ? [instrument] : capability === 'measures:read' ? [...INSTRUMENT_CODES] : [...SOCIAL_INSTRUMENTS];
    const rows = await this.db.getRepository(MeasureResponse).createQueryBuilder('r')
      .where('r.client_id = :clientId AND r.organization_id = :organizationId AND r.instrument = ANY(:readable)', {
        clientId,
        organizationId: access.organizationId,
        readable,
      })
      .orderBy('r.submitted_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .getMany();
    return rows.map(view);
  }

  /** The instruments, for forms: items numbered from 1, answer ranges, unscored items and skip rules. */
  instruments() {
    return INSTRUMENT_CODES.map((code) => {
      const instrument = INSTRUMENTS[code];
      return {
        code,
        name: instrument.name,
        licence: instrument.licence,
        interpretation: instrument.interpretation,
        items: instrument.items.map((item) => ({ key: item.key, min: item.min, max: item.max })),
        unscored: instrument.unscored ?? [],
        skipRule: instrument.skipRule ?? null,
      };
    });
  }
}

function view(row: MeasureResponse): MeasureResponseView {
  return { id: row.id, instrument: row.instrument, answers: row.answers, scores: row.scores, submittedAt: row.submittedAt };
}
