/** One engine event, as `docker events` shows it, in our own shape. */
export interface DockerEvent {
  /** image, container, network, volume, builder, daemon, … or `engine` for Slipway's own reconnect notice. */
  type: string
  /** tag, untag, delete, pull, create, start, die, destroy, … or `reconnected`. */
  action: string
  /** The object's ID (for images the ID or reference the engine reports). */
  id: string
  attributes: Record<string, string>
  /** Epoch milliseconds. */
  time: number
}
