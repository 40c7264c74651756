// Vite turns imported stylesheets into a linked CSS file.
declare module '*.css';
