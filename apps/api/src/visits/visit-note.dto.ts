import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { NewVisitNote, VisitNote } from '@attune/scheduling';

export class WriteVisitNoteDto implements NewVisitNote {
  @ApiProperty({ maxLength: 20000 }) @IsString() @MinLength(1) @MaxLength(20000) body: string;
  @ApiPropertyOptional({ default: false, description: 'Counselling notes (clinicians only): readable by you and your supervisor only' })
  @IsOptional() @IsBoolean() counselling?: boolean;
}

export class NoteTextDto {
  @ApiProperty({ maxLength: 20000 }) @IsString() @MinLength(1) @MaxLength(20000) body: string;
}

export class AddendumDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) authorUserId: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: Date;
}

export class VisitNoteDto implements VisitNote {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) visitId: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) authorUserId: string;
  @ApiProperty() counselling: boolean;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: Date, description: 'Set when signed; a signed note is locked' }) signedAt: Date | null;
  @ApiProperty({ type: [AddendumDto] }) addenda: AddendumDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
