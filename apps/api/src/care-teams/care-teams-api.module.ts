import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { CareTeamController } from './care-team.controller.js';

@Module({ imports: [CareModule], controllers: [CareTeamController] })
export class CareTeamsApiModule {}
