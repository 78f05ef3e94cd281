/**
 * What the planner needs to know about a base image the engine has: its ID (what the classic builder's cache
 * chains on), its layer chain (what BuildKit keys a local image on), the configuration later RUN steps
 * inherit (environment, working directory, user, SHELL) and the ONBUILD triggers a stage built on it runs first.
 */
import type { BaseImageIdentity } from '../../planner/index.js';
import type { ImageInspect } from './engine-client.js';

export function baseImageIdentity(image: ImageInspect): BaseImageIdentity {
  return {
    id: image.Id,
    layers: image.RootFS?.Layers ?? [],
    env: image.Config?.Env ?? [],
    workdir: image.Config?.WorkingDir ?? '',
    user: image.Config?.User ?? '',
    ...(image.Config?.Shell?.length ? { shell: [...image.Config.Shell] } : {}),
    ...(image.Config?.OnBuild?.length ? { onbuild: [...image.Config.OnBuild] } : {}),
  };
}
