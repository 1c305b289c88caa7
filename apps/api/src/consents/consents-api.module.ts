import { Module } from '@nestjs/common';
import { ConsentModule } from '@attune/consent';
import { NetworkModule } from '@attune/network';
import { ConsentsController } from './consents.controller.js';
import { ServiceAgreementsController } from './service-agreements.controller.js';
import { SupportersController } from './supporters.controller.js';

/** 42 CFR Part 2 over HTTP: consents, the accounting, emergency disclosures, supporters, agreements. */
@Module({ imports: [ConsentModule, NetworkModule], controllers: [ConsentsController, SupportersController, ServiceAgreementsController] })
export class ConsentsApiModule {}
