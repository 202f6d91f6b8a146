/** Database enums, safe to import from client components (no Node or driver code). */
export * from '../generated/prisma/enums';
