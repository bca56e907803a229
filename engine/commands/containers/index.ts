/** Containers: the manager, the network, and the `docker` container commands over them. */
export * from './types.ts';
export * from './manager.ts';
export * from './network.ts';
export * from './format.ts';
export * from './command.ts';
