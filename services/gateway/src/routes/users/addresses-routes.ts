import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, IdParams, strictObject } from "../../schemas/common.js";
import { AddressJson, addressJson } from "./address-json.js";
import { CreateAddressBody, UpdateAddressBody } from "./address-schemas.js";
import { callerId } from "./caller-id.js";

/** The signed-in user's address book; another user's address id answers 404. */
export const addressesRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const users = deps.clients.user;
  const tags = ["addresses"];

  app.get(
    "/users/me/addresses",
    {
      schema: {
        tags,
        summary: "My addresses, default first",
        response: { 200: strictObject({ items: Type.Array(AddressJson) }), ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req) => {
      const res = await users.listAddresses({ userId: callerId(req) }, asCaller(req));
      return { items: res.addresses.map(addressJson) };
    },
  );

  app.get(
    "/users/me/addresses/:id",
    {
      schema: {
        tags,
        summary: "One of my addresses",
        params: IdParams,
        response: { 200: AddressJson, ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req) =>
      addressJson((await users.getAddress({ userId: callerId(req), id: req.params.id }, asCaller(req))).address),
  );

  app.post(
    "/users/me/addresses",
    {
      schema: {
        tags,
        summary: "Add an address (at most 20)",
        body: CreateAddressBody,
        response: { 201: AddressJson, ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req, reply) => {
      const { postalCode, isDefault, ...rest } = req.body;
      const res = await users.createAddress(
        { userId: callerId(req), ...rest, postalCode: postalCode ?? "", isDefault: isDefault ?? false },
        asCaller(req),
      );
      return reply.code(201).send(addressJson(res.address));
    },
  );

  app.patch(
    "/users/me/addresses/:id",
    {
      schema: {
        tags,
        summary: "Change an address",
        params: IdParams,
        body: UpdateAddressBody,
        response: { 200: AddressJson, ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req) =>
      addressJson(
        (await users.updateAddress({ userId: callerId(req), id: req.params.id, ...req.body }, asCaller(req))).address,
      ),
  );

  app.delete(
    "/users/me/addresses/:id",
    {
      schema: {
        tags,
        summary: "Remove an address",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { permission: "self" },
    },
    async (req, reply) => {
      await users.deleteAddress({ userId: callerId(req), id: req.params.id }, asCaller(req));
      return reply.code(204).send(null);
    },
  );
};
