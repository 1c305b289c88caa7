import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import {
  ResourceDirectory,
  type HsdsService,
  type HsdsServicePage,
  type ImportSummary,
  type TabularPackage,
} from '@attune/network';
import { ApiProblems } from '../common/problem.schema.js';
import {
  HsdsJsonImportDto,
  HsdsServiceDto,
  HsdsServicePageDto,
  ImportSummaryDto,
  ResourceSearchDto,
  TabularPackageDto,
} from './resources.dto.js';

@ApiTags('resources')
@ApiBearerAuth()
@Controller('resources')
export class ResourcesController {
  constructor(private readonly directory: ResourceDirectory) {}

  @Get('services')
  @ApiOperation({
    summary:
      "Search the programme's community resources by category, county or service area, and online or not (resources:search: all staff and clients)",
  })
  @ApiOkResponse({ type: HsdsServicePageDto })
  @ApiProblems(400, 401, 403)
  search(@CurrentActor() actor: Actor, @Query() query: ResourceSearchDto): Promise<HsdsServicePage> {
    return this.directory.search(actor, query);
  }

  @Get('services/:serviceId')
  @ApiOperation({ summary: 'One service as an HSDS 3.0 service object, by its HSDS id' })
  @ApiOkResponse({ type: HsdsServiceDto })
  @ApiProblems(401, 403, 404)
  service(@CurrentActor() actor: Actor, @Param('serviceId') serviceId: string): Promise<HsdsService> {
    return this.directory.service(actor, serviceId);
  }

  @Post('import/tabular')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import an HSDS Tabular Data Package (resources:manage): all or nothing, idempotent by HSDS id; 422 names file, row and field',
  })
  @ApiOkResponse({ type: ImportSummaryDto })
  @ApiProblems(400, 401, 403, 413, 422)
  importTabular(@CurrentActor() actor: Actor, @Body() dto: TabularPackageDto): Promise<ImportSummary> {
    return this.directory.importTabular(actor, dto);
  }

  @Post('import/json')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import HSDS JSON service objects (resources:manage): all or nothing, idempotent by HSDS id',
  })
  @ApiOkResponse({ type: ImportSummaryDto })
  @ApiProblems(400, 401, 403, 413, 422)
  importJson(@CurrentActor() actor: Actor, @Body() dto: HsdsJsonImportDto): Promise<ImportSummary> {
    return this.directory.importJson(actor, dto.contents);
  }

  @Get('export/tabular')
  @ApiOperation({
    summary:
      'Export the directory as an HSDS Tabular Data Package: datapackage.json and one CSV per table (resources:manage)',
  })
  @ApiOkResponse({ type: TabularPackageDto })
  @ApiProblems(401, 403)
  exportTabular(@CurrentActor() actor: Actor): Promise<TabularPackage> {
    return this.directory.exportTabular(actor);
  }

  @Get('export/json')
  @ApiOperation({ summary: 'Export the directory as HSDS JSON service objects (resources:manage)' })
  @ApiOkResponse({ type: HsdsServicePageDto })
  @ApiProblems(401, 403)
  exportJson(@CurrentActor() actor: Actor): Promise<HsdsServicePage> {
    return this.directory.exportJson(actor);
  }
}
