export * from './paging.dto';
