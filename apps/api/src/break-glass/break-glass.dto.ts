import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { BREAK_GLASS_REASON, type OpenedGrant } from '@attune/care';

export class OpenBreakGlassDto {
  @ApiProperty({
    minLength: BREAK_GLASS_REASON.min,
    maxLength: BREAK_GLASS_REASON.max,
    example: 'Crisis call from the client overnight; their team is unreachable',
    description: 'Why emergency access is needed. Kept on the audit trail for the reviewer.',
  })
  // Spaces around the reason are not part of it: ten spaces are not a reason.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @Length(BREAK_GLASS_REASON.min, BREAK_GLASS_REASON.max) reason: string;
}

export class BreakGlassGrantDto implements OpenedGrant {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty({ description: 'Read access ends here (at most one hour after it starts)' }) expiresAt: Date;
}
