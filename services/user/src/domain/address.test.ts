import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { checkAddressFields } from "./address.js";

const valid = {
  recipient: " 张三 ",
  phone: "+86 138-0000-0000",
  region: "上海市 浦东新区",
  line1: "世纪大道 1 号",
  postalCode: "200120",
};

describe("address fields", () => {
  it("are trimmed", () => expect(checkAddressFields(valid).recipient).toBe("张三"));

  it("may leave out the postal code and other fields of a patch", () => {
    expect(checkAddressFields({ phone: "13800000000" })).toEqual({ phone: "13800000000" });
    expect(checkAddressFields({ ...valid, postalCode: "" }).postalCode).toBe("");
  });

  it.each([
    { recipient: "   " },
    { phone: "call me" },
    { region: "x".repeat(129) },
    { line1: "" },
    { postalCode: "12#45" },
  ])("reject %j", (bad) => {
    expect(() => checkAddressFields({ ...valid, ...bad })).toThrow(
      expect.objectContaining({ reason: Reason.VALIDATION_FAILED }),
    );
  });
});
