/** A message saying what went wrong, read out at once (role="alert"); nothing when there is none. */
export function ErrorText({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="alert" className="error-text">
      {message}
    </p>
  ) : null
}
