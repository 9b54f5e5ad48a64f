export const DATABASE_INFO = Symbol('DATABASE_INFO');

export interface DatabaseInfo {
  url: string;
  embedded: boolean;
}
