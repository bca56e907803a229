import type { Lesson } from '#engine/lessons';
import { MULTI_PLATFORM } from '../dockerfiles.ts';

/** Closing page: a look back over the Dockerfile and the images. */
export const lesson: Lesson = {
  id: '09-what-you-built',
  title: 'What you built',
  summary: 'A look back at the finished Dockerfile, what each part is for, and where to go next.',
  steps: [
    {
      id: 'recap',
      title: 'Look back',
      prose: '01-recap.md',
      commands: ['docker images "buildme*"', 'docker build --call=targets .'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'image-exists', image: 'buildme-client' },
          { kind: 'image-exists', image: 'buildme-server' },
        ],
      },
      hint: 'If an image is missing, build it by its target: `docker build --tag=buildme-client --target=client .`.',
      solution: [{ path: 'Dockerfile', text: MULTI_PLATFORM }],
      warnings: [
        "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 11)",
        "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 18)",
        "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 38)",
      ],
    },
  ],
};
