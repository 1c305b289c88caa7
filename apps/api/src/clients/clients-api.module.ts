import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { ClientsController } from './clients.controller.js';
import { MyClientController } from './my-client.controller.js';

@Module({ imports: [CareModule], controllers: [ClientsController, MyClientController] })
export class ClientsApiModule {}
