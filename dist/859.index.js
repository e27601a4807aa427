export const id = 859;
export const ids = [859];
export const modules = {

/***/ 2859:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listAllJobs: () => (/* binding */ listAllJobs)
/* harmony export */ });
/* unused harmony exports PAGE_SIZE, LIST_CONCURRENCY, LIST_PERMISSION_HINT, listRequest, readListResponse, mapWithConcurrency, readDetailResponse, listJobDetails */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5586);
/* harmony import */ var _response_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9680);
/**
 * The job list call (`GET /v1.0/{project_id}/streaming/jobs`), paged by offset. After the first page gives
 * `total_count`, the remaining pages are fetched with bounded concurrency.
 */


/** The largest page the API allows. */
const PAGE_SIZE = 100;
/** Pages in flight at once: fast for large projects, gentle on the API. */
const LIST_CONCURRENCY = 8;
const jobSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    /** Read as its exact source text (see readDliJson). */
    job_id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^\d+$/),
    name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    status: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
});
const listSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    is_success: _response_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuccessSchema */ .l,
    message: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional().default(''),
    job_list: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        total_count: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().nonnegative(),
        jobs: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(jobSchema).default([]),
    }),
});
/** The list's own permission, for its 403 and its DLI permission codes (not the export's). */
const LIST_PERMISSION_HINT = 'listing jobs (for `job-names` or `list-exported`) needs the `dli:jobs:listAll` permission in this project; grant it to the user or agency in IAM';
function listRequest(endpoint, projectId, offset, detail = false) {
    const url = new URL(`/v1.0/${encodeURIComponent(projectId)}/streaming/jobs`, endpoint);
    const query = { limit: String(PAGE_SIZE), offset: String(offset), order: 'asc' };
    if (detail)
        query.show_detail = 'true';
    url.search = new URLSearchParams(query).toString();
    return {
        operation: 'DLI job list',
        method: 'GET',
        url,
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': projectId },
        idempotent: true,
    };
}
/** Every job of the project (ID, name, status), de-duplicated by ID should jobs shift between pages. */
async function listAllJobs(transport, authorize, endpoint, projectId, concurrency = LIST_CONCURRENCY) {
    // When one page fails, the others stop at once: no attempt in flight, no retry waiting.
    const cancel = new AbortController();
    const fetchPage = async (offset) => readListResponse(await transport.send(listRequest(endpoint, projectId, offset), authorize, { signal: cancel.signal }));
    const first = await fetchPage(0);
    const offsets = [];
    for (let offset = PAGE_SIZE; offset < first.total; offset += PAGE_SIZE)
        offsets.push(offset);
    const pages = await mapWithConcurrency(offsets, concurrency, fetchPage, cancel);
    const jobs = new Map();
    for (const page of [first, ...pages])
        for (const job of page.jobs)
            if (!jobs.has(job.id))
                jobs.set(job.id, job);
    return [...jobs.values()];
}
function readListResponse(response) {
    const data = (0,_response_js__WEBPACK_IMPORTED_MODULE_0__/* .readDliJson */ .E)(response, 'DLI job list failed', listSchema, {
        permission: LIST_PERMISSION_HINT,
    });
    return {
        total: data.job_list.total_count,
        jobs: data.job_list.jobs.map((job) => ({ id: job.job_id, name: job.name, status: job.status })),
    };
}
/**
 * Runs `task` over `items` with at most `limit` in flight; results in input order; the first failure wins, and
 * aborts `cancel` so that the tasks still running can stop.
 */
async function mapWithConcurrency(items, limit, task, cancel) {
    const results = new Array(items.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (next < items.length && !failed) {
            const index = next++;
            try {
                results[index] = await task(items[index]);
            }
            catch (error) {
                if (!failed)
                    cancel?.abort(error);
                failed = true; // stop the other workers from starting more
                throw error;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
const text = () => zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullish();
const detailSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    job_id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^\d+$/),
    name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    status: text(),
    desc: text(),
    job_type: text(),
    queue_name: text(),
    run_mode: text(),
    sql_body: text(),
    main_class: text(),
    entrypoint_args: text(),
    edge_group_ids: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()).nullish(),
    tags: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ key: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), value: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() })).nullish(),
    job_config: zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_1__/* .unknown */ .L5J()).nullish(),
});
const detailListSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    is_success: _response_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuccessSchema */ .l,
    message: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional().default(''),
    job_list: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        total_count: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().nonnegative(),
        jobs: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(detailSchema).default([]),
    }),
});
function readDetailResponse(response, offset) {
    const data = readDliJson(response, 'DLI job list (show_detail=true) failed', detailListSchema, {
        permission: LIST_PERMISSION_HINT.replace('(for `job-names` or `list-exported`)', '(snapshot)'),
    });
    const some = (value) => value ?? undefined;
    return {
        offset,
        total: data.job_list.total_count,
        jobs: data.job_list.jobs.map((job) => ({
            id: job.job_id,
            name: job.name,
            status: some(job.status),
            desc: some(job.desc),
            jobType: some(job.job_type),
            queueName: some(job.queue_name),
            runMode: some(job.run_mode),
            sqlBody: some(job.sql_body),
            mainClass: some(job.main_class),
            entrypointArgs: some(job.entrypoint_args),
            edgeGroupIds: some(job.edge_group_ids),
            tags: some(job.tags),
            jobConfig: some(job.job_config),
        })),
    };
}
/**
 * Every job with its details, page by page: `onPage` gets each page as it arrives (the first, then the others,
 * `concurrency` at a time, in any order), so a caller never needs to hold every job. Read-only: each page is retried
 * as any read is. The first failure (a page or `onPage`) stops the others and is thrown.
 */
async function listJobDetails(transport, authorize, endpoint, projectId, onPage, concurrency = LIST_CONCURRENCY) {
    const cancel = new AbortController();
    const fetchPage = async (offset) => {
        const response = await transport.send(listRequest(endpoint, projectId, offset, true), authorize, {
            signal: cancel.signal,
        });
        const page = readDetailResponse(response, offset);
        await onPage(page);
        return page.total;
    };
    const total = await fetchPage(0);
    const offsets = [];
    for (let offset = PAGE_SIZE; offset < total; offset += PAGE_SIZE)
        offsets.push(offset);
    const totals = await mapWithConcurrency(offsets, concurrency, fetchPage, cancel);
    return { total, pages: offsets.length + 1, sameTotal: totals.every((other) => other === total) };
}


/***/ })

};
