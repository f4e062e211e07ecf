import type { GetListingStats } from "../domain/get-listing-stats.js";
import type { GetListingTask } from "../domain/get-listing-task.js";
import type { SubmitListings } from "../domain/submit-listings.js";

/** What the listing handlers call, built in main.ts. */
export interface ListingUseCases {
  submitListings: SubmitListings;
  getListingTask: GetListingTask;
  getListingStats: GetListingStats;
}
