import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export class ResourceSearchDto {
  @ApiPropertyOptional({
    example: 'housing',
    description: 'Taxonomy term code, name or id (narrower terms included)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  category?: string;
  @ApiPropertyOptional({ example: 'Cook County', description: 'Service area or county name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  county?: string;
  @ApiPropertyOptional({ description: 'true: online (a virtual location); false: not online' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '$property must be true or false' })
  online?: boolean;
}

export class TabularPackageDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The datapackage.json descriptor: resources with name and path',
  })
  @IsObject()
  datapackage: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'services.csv': 'id,organization_id,name,status\n…' },
    description: 'CSV text by path',
  })
  @IsObject()
  files: Record<string, string>;
}

export class HsdsJsonImportDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'HSDS 3.0 service objects with organization, service_at_locations[].location, phones, schedules, service_areas, attributes[].taxonomy_term nested',
  })
  @IsArray()
  @IsObject({ each: true })
  contents: Record<string, unknown>[];
}

export class ImportSummaryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { organization: 2, service: 3 },
  })
  rows: Record<string, number>;
  @ApiProperty({ type: [String], example: ['contacts.csv'] }) skippedFiles: string[];
  @ApiProperty({ type: [String], example: ['services.csv:tax_status'] }) skippedFields: string[];
}

export class HsdsServicePageDto {
  @ApiProperty() total_items: number;
  @ApiProperty() total_pages: number;
  @ApiProperty() page_number: number;
  @ApiProperty() size: number;
  @ApiProperty() first_page: boolean;
  @ApiProperty() last_page: boolean;
  @ApiProperty() empty: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'HSDS 3.0 service objects' })
  contents: Record<string, unknown>[];
}

export class HsdsServiceDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) organization: Record<string, unknown>;
}
