export function deploy(url: string): Promise<string[]>;
export function diff(url: string): Promise<string>;
