export class GetUserCount {}
