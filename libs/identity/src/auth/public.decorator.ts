import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = Symbol('attune:public');

/** A route anyone may call without a token (sign-in, health, join pages). Everything else needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
