/**
 * Stands in for Node's `https` in the browser bundle (aliased in vite.config.ts).
 * dockerfile-language-service asks Docker Hub for image tags when completing `FROM name:`;
 * the sandbox never reaches the network, so every request fails at once and the service
 * falls back to no tag suggestions (it catches the rejection).
 */
export function get(): never {
  throw new Error('stageplay does not contact Docker Hub');
}

export default { get };
