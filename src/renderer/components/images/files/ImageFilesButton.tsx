import { useState } from 'react'
import { ImageFilesDialog } from './ImageFilesDialog'

/** "Files" in the image details: opens the image's layers and files. */
export function ImageFilesButton({ image, label }: { image: string; label: string }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Files
      </button>
      {open && <ImageFilesDialog image={image} label={label} onClose={() => setOpen(false)} />}
    </>
  )
}
