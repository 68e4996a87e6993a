// hadolint's DL rules that need no configuration (DL3026 reads trustedRegistries
// from .hadolint.yaml and is quiet without it), registered from lint/index.ts.
// Rule ids are `hadolint/DL3008`; each message ends with the DL id and each
// diagnostic carries the rule's wiki URL in data.url.
//
// Left out on purpose:
// - DL3049–DL3056, DL3058: check labels against a `label-schema` that only a
//   .hadolint.yaml defines (they need configuration);
// - DL3057 (HEALTHCHECK missing): hadolint itself ignores it unless asked;
// - DL3005, DL3017, DL3031, DL3039, DL4002: no longer in hadolint.
import type { Rule } from '../../types'
import { dl3002, dl3021, dl3022, dl3023, dl3024, dl3026, dl3029, dl3043, dl3045, dl3061, dl3063, dl3065, dl3067 } from './instructions'
import {
  dl3008,
  dl3013,
  dl3016,
  dl3018,
  dl3019,
  dl3027,
  dl3028,
  dl3030,
  dl3032,
  dl3033,
  dl3034,
  dl3035,
  dl3036,
  dl3037,
  dl3038,
  dl3040,
  dl3041,
  dl3060,
  dl3062
} from './packages'
import { dl3001, dl3010, dl3046, dl3047, dl3059, dl4001, dl4005, dl4006 } from './run'
import { dl3044, dl3048, dl3064, dl3066 } from './values'

export const hadolintRules: Rule[] = [
  dl3001, dl3002, dl3008, dl3010, dl3013, dl3016, dl3018, dl3019, dl3021, dl3022, dl3023, dl3024, dl3026, dl3027, dl3028, dl3029,
  dl3030, dl3032, dl3033, dl3034, dl3035, dl3036, dl3037, dl3038, dl3040, dl3041, dl3043, dl3044, dl3045, dl3046, dl3047, dl3048,
  dl3059, dl3060, dl3061, dl3062, dl3063, dl3064, dl3065, dl3066, dl3067, dl4001, dl4005, dl4006
]

/** The DL rules that read one instruction alone (see INSTRUCTION_RULES in lint/index.ts). */
export const hadolintInstructionRules: Rule[] = [
  dl3001, dl3008, dl3013, dl3016, dl3018, dl3019, dl3021, dl3027, dl3028, dl3029, dl3030, dl3033, dl3034, dl3035, dl3037, dl3038,
  dl3041, dl3043, dl3046, dl3048, dl3062, dl3064, dl3065, dl3067, dl4005
]

/**
 * DL rules Slipway already reports under its own ids (lint/rules/{apt,run,instructions}.ts):
 * not written again here. For lint/index.ts to rename or merge them, so each
 * shows its DL id and honours `# hadolint ignore=`:
 * - DL3009: apt-lists-cleanup keys on `apt-get install`; hadolint keys on `apt-get update`
 *   without `rm -rf /var/lib/apt/lists/*`, only in shipped stages (the last one and those
 *   another stage is built on). Known false positives to drop there: a RUN ending in
 *   `apt-get dist-clean` (71 official images), and lists on a cache or tmpfs mount of
 *   /var/lib/apt/lists alone (shell.ts `mountsCover` reads mounts as hadolint does).
 * - DL3015: apt-no-install-recommends has no fix yet: fix.ts `addOptionFix(doc, block,
 *   isAptInstall, ['install'], '--no-install-recommends', …)` gives one.
 * - DL3025: json-args-recommended covers CMD and ENTRYPOINT (hadolint also HEALTHCHECK CMD).
 * - DL3012, DL4003, DL4004: one rule, multiple-instructions-disallowed (HEALTHCHECK, CMD,
 *   ENTRYPOINT): the DL id depends on the keyword.
 */
export const existing: Record<string, string> = {
  DL3000: 'workdir-relative-path',
  DL3003: 'cd-in-run',
  DL3004: 'sudo-in-run',
  DL3006: 'from-no-tag',
  DL3007: 'from-latest-tag',
  DL3009: 'apt-lists-cleanup',
  DL3011: 'expose-port-out-of-range',
  DL3012: 'multiple-instructions-disallowed',
  DL3014: 'apt-install-yes',
  DL3015: 'apt-no-install-recommends',
  DL3020: 'add-local-file',
  DL3025: 'json-args-recommended',
  DL3042: 'pip-no-cache-dir',
  DL4000: 'maintainer-deprecated',
  DL4003: 'multiple-instructions-disallowed',
  DL4004: 'multiple-instructions-disallowed'
}

/** DL rule id (e.g. `DL4000`) → the BuildKit check that says the same thing (e.g. `MaintainerDeprecated`): lint/index.ts merges the two into one diagnostic. */
export const overlaps: Record<string, string> = {
  DL3000: 'WorkdirRelativePath',
  DL3012: 'MultipleInstructionsDisallowed',
  DL3024: 'DuplicateStageName',
  DL3025: 'JSONArgsRecommended',
  DL3029: 'FromPlatformFlagConstDisallowed',
  DL3063: 'ReservedStageName',
  DL3064: 'SecretsUsedInArgOrEnv',
  DL3065: 'RedundantTargetPlatform',
  DL4000: 'MaintainerDeprecated',
  DL4003: 'MultipleInstructionsDisallowed',
  DL4004: 'MultipleInstructionsDisallowed'
}
