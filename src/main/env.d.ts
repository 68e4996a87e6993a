// electron-vite's import suffixes (`?modulePath`), used only by the Electron entry (index.ts).
/// <reference types="electron-vite/node" />
