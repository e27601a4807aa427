export const id = 859;
export const ids = [859];
export const modules = {

/***/ 2859:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listAllJobs: () => (/* binding */ listAllJobs)
/* harmony export */ });
/* unused harmony exports PAGE_SIZE, LIST_CONCURRENCY, listRequest, readListResponse, mapWithConcurrency */
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
function listRequest(endpoint, projectId, offset) {
    const url = new URL(`/v1.0/${encodeURIComponent(projectId)}/streaming/jobs`, endpoint);
    url.search = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset), order: 'asc' }).toString();
    return {
        operation: 'DLI job list',
        method: 'GET',
        idempotent: true,
        url,
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': projectId },
    };
}
/** Every job of the project (ID, name, status), de-duplicated by ID should jobs shift between pages. */
async function listAllJobs(transport, authorize, endpoint, projectId, concurrency = LIST_CONCURRENCY) {
    const fetchPage = async (offset) => readListResponse(await transport.send(listRequest(endpoint, projectId, offset), authorize));
    const first = await fetchPage(0);
    const offsets = [];
    for (let offset = PAGE_SIZE; offset < first.total; offset += PAGE_SIZE)
        offsets.push(offset);
    const pages = await mapWithConcurrency(offsets, concurrency, fetchPage);
    const jobs = new Map();
    for (const page of [first, ...pages])
        for (const job of page.jobs)
            if (!jobs.has(job.id))
                jobs.set(job.id, job);
    return [...jobs.values()];
}
function readListResponse(response) {
    const data = (0,_response_js__WEBPACK_IMPORTED_MODULE_0__/* .readDliJson */ .E)(response, 'DLI job list failed', listSchema, {
        forbidden: 'listing jobs needs the `dli:jobs:listAll` permission in this project',
    });
    return {
        total: data.job_list.total_count,
        jobs: data.job_list.jobs.map((job) => ({ id: job.job_id, name: job.name, status: job.status })),
    };
}
/** Runs `task` over `items` with at most `limit` in flight; results in input order; the first failure wins. */
async function mapWithConcurrency(items, limit, task) {
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
                failed = true; // stop the other workers from starting more
                throw error;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}


/***/ })

};
