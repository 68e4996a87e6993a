// The model bench's code for a Chromium page, as the renderer bundles it.
import { measureModel } from './dockerfile-model.measure'

;(globalThis as unknown as { measureModel: typeof measureModel }).measureModel = measureModel
