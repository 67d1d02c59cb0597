/**
 * The IPC channel names at run time, shared by the preload (which exposes one function per channel) and main
 * (which registers one guarded handler per channel). The `satisfies` makes a channel added to ApiMap without
 * a name here a type error, so the three lists can never drift apart.
 */

import type { Channel, EventName } from '#contract/api';

/** Each API channel and the name of the function the preload exposes for it. */
export const API_FUNCTIONS = {
  'app:info': 'appInfo',
  'app:backend': 'appBackend',
  'app:choices': 'appChoices',
  'dataset:open': 'openDataset',
  'dataset:images': 'listImages',
  'dataset:augmentPreview': 'augmentPreview',
  'model:list': 'listModels',
  'model:describe': 'describeModel',
  'train:start': 'startTraining',
  'train:pause': 'pauseTraining',
  'train:resume': 'resumeTraining',
  'train:stop': 'stopTraining',
  'runs:list': 'listRuns',
  'runs:metrics': 'runMetrics',
  'eval:run': 'evaluate',
  'predict:image': 'predictImage',
  'predict:activations': 'layerActivations',
  'export:run': 'exportRun',
  'export:archive': 'exportArchive',
  'memory:store': 'storeMemory',
  'memory:recall': 'recallMemory',
  'memory:capacity': 'memoryCapacity',
  'project:new': 'newProject',
  'project:open': 'openProject',
  'project:save': 'saveProject',
  'project:saveAs': 'saveProjectAs',
  'project:close': 'closeProject',
  'project:recent': 'recentProjects',
  'project:show': 'showProject',
  'project:images': 'projectImages',
  'project:addSource': 'addProjectSource',
  'project:addClass': 'addClass',
  'project:renameClass': 'renameClass',
  'project:mergeClasses': 'mergeClasses',
  'project:deleteClass': 'deleteClass',
  'project:relabel': 'relabelImages',
  'project:exclude': 'excludeImages',
  'project:include': 'includeImages',
  'project:addImages': 'addImages',
  'project:setSettings': 'setProjectSettings',
  'project:undo': 'undoProjectEdit',
  'project:redo': 'redoProjectEdit',
  'fs:browse': 'browseFolders',
} as const satisfies Record<Channel, string>;

export const CHANNELS = Object.keys(API_FUNCTIONS) as Channel[];

/** Events main pushes to windows (every EventMap name; a new one must be added here or the build fails). */
const EVENT_SET = {
  'scan:progress': true, 'train:batch': true, 'train:epoch': true, 'train:histograms': true, 'train:status': true, 'train:end': true,
} as const satisfies Record<EventName, true>;
export const EVENTS = Object.keys(EVENT_SET) as EventName[];

/** Shell-only pushes, not part of the core's EventMap: what the app menu asks the page to do. */
export interface ShellEventMap {
  /** File › Open dataset… picked and opened a folder in main; the page should show it. */
  'shell:dataset-opened': import('#contract/api').DatasetHandle;
  /** View menu: switch to a view by its route name. */
  'shell:navigate': { view: string };
  /** View › Language: the page switches its catalogue (and remembers it). */
  'shell:locale': { locale: string };
}
export const SHELL_EVENTS = ['shell:dataset-opened', 'shell:navigate', 'shell:locale'] as const satisfies readonly (keyof ShellEventMap)[];

/** IPC channel names on the wire: `hebb:<channel>` for calls, one channel for all pushed events. */
export const invokeChannel = (c: Channel): string => `hebb:${c}`;
export const EVENT_CHANNEL = 'hebb:event';

/** The custom protocol that serves dataset images to the page (see protocol.ts). */
export const IMAGE_SCHEME = 'hebb-image';
