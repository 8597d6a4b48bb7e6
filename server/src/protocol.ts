// Custom LSP requests and notifications shared by the server and the VS Code client (issue 3).
export {};
