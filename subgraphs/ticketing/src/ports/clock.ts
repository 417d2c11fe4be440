export type Clock = () => Date;
export type IdGenerator = () => string;
