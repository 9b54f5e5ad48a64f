import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'peel:public';

/** Marks a route as reachable without a login. Every other route requires one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
