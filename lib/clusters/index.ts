export * from './service';
export * from './dto';
export * from './errors';
export * from './schema';
