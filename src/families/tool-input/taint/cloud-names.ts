/**
 * Cloud API parameters the service itself checks against a restrictive pattern, rejecting (raising on) any
 * other value: once such a call on a cloud client returned, the value passed is of that form.
 *
 * Only patterns with no path separator, no `.` and no leading `-` are listed, so the value is safe for every
 * sink kind. Keyed by the method name of the SDK client (boto3 snake_case), then the keyword argument.
 */
export const CLOUD_CHECKED_NAMES: ReadonlyMap<string, readonly string[]> = new Map([
  // CloudFormation DescribeType: TypeName matches [A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}(::MODULE)?
  ['describe_type', ['TypeName']],
  // Cloud Control API GetResource / ListResources: TypeName matches [A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}
  ['get_resource', ['TypeName']],
  ['list_resources', ['TypeName']],
]);
