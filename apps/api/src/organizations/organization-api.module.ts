import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { OrganizationController } from './organization.controller.js';

@Module({ imports: [CareModule], controllers: [OrganizationController] })
export class OrganizationApiModule {}
