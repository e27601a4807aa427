// (c) The same signed export call made with the official Huawei Cloud Node SDK core (bench-only dependency).
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');

async function main() {
  const { BENCH_ENDPOINT, BENCH_PROJECT_ID, BENCH_AK, BENCH_SK } = process.env;
  const credentials = new BasicCredentials().withAk(BENCH_AK).withSk(BENCH_SK).withProjectId(BENCH_PROJECT_ID);
  const client = new ClientBuilder((hcClient) => hcClient)
    .withCredential(credentials)
    .withEndpoint(BENCH_ENDPOINT)
    .build();
  const response = await client.sendRequest({
    method: 'POST',
    url: '/v1.0/{project_id}/streaming/jobs/export',
    contentType: 'application/json',
    queryParams: {},
    pathParams: {},
    headers: {},
    data: { obs_dir: 'dli-backups/bench', is_selected: true, job_selected: [146] },
  });
  const zips = response.zip_file ?? response.result?.zip_file ?? response.data?.zip_file;
  if (!zips || zips.length === 0) throw new Error(`no zip_file in ${JSON.stringify(response)}`);
}

main().catch((error) => {
  console.error(error?.message ?? error);
  process.exit(1);
});
